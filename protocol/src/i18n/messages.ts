/**
 * The one message catalog for every screen (admin page, touchscreen, phone remote) and for
 * user-facing CLI output. zh-CN is the default and defines the keys; en must have every key.
 * Words follow shared/GLOSSARY.md. Placeholders are `{name}`.
 *
 * Keep keys grouped by screen; add new keys to the group of the screen that uses them.
 */
export const zhCN = {
  // common
  'app.name': 'KTV 门店系统',
  'lang.toggle': 'English',
  'common.online': '在线',
  'common.offline': '离线',
  'common.yes': '是',
  'common.no': '否',
  'common.never': '从未',
  'common.secondsAgo': '{n} 秒前',
  'common.minutesAgo': '{n} 分钟前',
  'common.hoursAgo': '{n} 小时前',

  // room words
  'room.label': '包厢 {name}',
  'room.doorOpen': '门开',
  'room.doorClosed': '门关',
  'room.motion': '有人活动',
  'room.noMotion': '无人活动',
  'room.callActive': '呼叫服务',
  'room.noCall': '无呼叫',

  // admin page (gateway)
  'admin.title': '前台 · 包厢总览',
  'admin.login.title': '前台登录',
  'admin.login.username': '账号',
  'admin.login.password': '密码',
  'admin.login.submit': '登录',
  'admin.login.failed': '账号或密码错误',
  'admin.logout': '退出',
  'admin.live': '实时连接',
  'admin.reconnecting': '正在重连…',
  'admin.tab.rooms': '包厢',
  'admin.tab.devices': '设备',
  'admin.rooms.empty': '还没有包厢。用 ktv-gateway device add --room 房号 添加设备。',
  'admin.room.ackCall': '已响应',
  'admin.devices.device': '设备',
  'admin.devices.room': '包厢',
  'admin.devices.status': '状态',
  'admin.devices.lastSeen': '最后在线',
  'admin.devices.version': '软件版本',
  'admin.devices.invalid': '无效消息',
  'admin.devices.outbox': '待发事件',
  'admin.stats.title': '网关计数',
  'admin.stats.invalidMessages': '无效消息',
  'admin.stats.refusedAuth': '拒绝登录',
  'admin.stats.refusedPublish': '拒绝发布',
  'admin.stats.refusedSubscribe': '拒绝订阅',
  'admin.stats.events': '已收事件',
  'admin.stats.duplicates': '重复事件(已去重)',
  'admin.stats.clients': '在线连接',
  'admin.room.version': '版本 {v}',
  'admin.room.unknown': '未上报',

  // touchscreen (agent)
  'touch.title': '点歌屏',
  'touch.gateway.connected': '已连接门店网关',
  'touch.gateway.disconnected': '未连接门店网关(离线运行中)',
  'touch.outbox': '待上传事件 {n} 条',
  'touch.callStaff': '呼叫服务',
  'touch.cancelCall': '取消呼叫',
  'touch.callWaiting': '已呼叫,服务员马上就到',
  'touch.sim.title': '模拟硬件(仅演示模式)',
  'touch.sim.door': '门',
  'touch.sim.openDoor': '开门',
  'touch.sim.closeDoor': '关门',
  'touch.sim.motion': '触发红外',
  'touch.sim.callButton': '按呼叫键',
} as const;

export type MessageKey = keyof typeof zhCN;
export type Catalog = Readonly<Record<MessageKey, string>>;

export const en: Catalog = {
  'app.name': 'KTV store system',
  'lang.toggle': '中文',
  'common.online': 'online',
  'common.offline': 'offline',
  'common.yes': 'yes',
  'common.no': 'no',
  'common.never': 'never',
  'common.secondsAgo': '{n} s ago',
  'common.minutesAgo': '{n} min ago',
  'common.hoursAgo': '{n} h ago',

  'room.label': 'Room {name}',
  'room.doorOpen': 'door open',
  'room.doorClosed': 'door closed',
  'room.motion': 'motion',
  'room.noMotion': 'no motion',
  'room.callActive': 'call staff',
  'room.noCall': 'no call',

  'admin.title': 'Front desk · rooms',
  'admin.login.title': 'Front desk sign-in',
  'admin.login.username': 'Account',
  'admin.login.password': 'Password',
  'admin.login.submit': 'Sign in',
  'admin.login.failed': 'Wrong account or password',
  'admin.logout': 'Sign out',
  'admin.live': 'live',
  'admin.reconnecting': 'reconnecting…',
  'admin.tab.rooms': 'Rooms',
  'admin.tab.devices': 'Devices',
  'admin.rooms.empty': 'No rooms yet. Add a device with ktv-gateway device add --room ROOM.',
  'admin.room.ackCall': 'Answered',
  'admin.devices.device': 'Device',
  'admin.devices.room': 'Room',
  'admin.devices.status': 'Status',
  'admin.devices.lastSeen': 'Last seen',
  'admin.devices.version': 'Software',
  'admin.devices.invalid': 'Invalid messages',
  'admin.devices.outbox': 'Events waiting',
  'admin.stats.title': 'Gateway counters',
  'admin.stats.invalidMessages': 'Invalid messages',
  'admin.stats.refusedAuth': 'Refused logins',
  'admin.stats.refusedPublish': 'Refused publishes',
  'admin.stats.refusedSubscribe': 'Refused subscriptions',
  'admin.stats.events': 'Events received',
  'admin.stats.duplicates': 'Duplicates (dropped)',
  'admin.stats.clients': 'Connected clients',
  'admin.room.version': 'version {v}',
  'admin.room.unknown': 'no report yet',

  'touch.title': 'Song screen',
  'touch.gateway.connected': 'Connected to the store gateway',
  'touch.gateway.disconnected': 'Not connected to the store gateway (running offline)',
  'touch.outbox': '{n} events waiting to upload',
  'touch.callStaff': 'Call staff',
  'touch.cancelCall': 'Cancel call',
  'touch.callWaiting': 'Staff are on the way',
  'touch.sim.title': 'Simulated hardware (demo mode only)',
  'touch.sim.door': 'Door',
  'touch.sim.openDoor': 'Open door',
  'touch.sim.closeDoor': 'Close door',
  'touch.sim.motion': 'Trigger PIR',
  'touch.sim.callButton': 'Press call button',
};

export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

export const catalogs: Readonly<Record<Lang, Catalog>> = { 'zh-CN': zhCN, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Looks a key up and fills `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogs[lang][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
