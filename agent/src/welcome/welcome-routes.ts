import type { FastifyInstance } from 'fastify';
import type { WelcomeView } from './welcome-screen.js';

/**
 * `GET /api/welcome`: whether the TV shows the welcome screen, until when (agent clock, ms), why,
 * its text and the overlay the player holds (null without a player).
 */
export function welcomeRoutes(app: FastifyInstance, view: () => WelcomeView | null): void {
  app.get('/api/welcome', async () => ({ welcome: view() }));
}
