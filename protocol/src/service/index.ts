export {
  createServiceNotifier,
  type NotifySend,
  type ServiceNotifier,
  type ServiceNotifierOptions,
  systemdNotifySend,
} from './service-notifier.js';
export { type NotifyPlan, notifyPlan, shouldFeed } from './watchdog-plan.js';
