/** Facts recorded in a show's stream (`show-{showId}`). A show's seats follow from its layout (layout.ts). */
import type { Layout } from './layout';

export interface ShowScheduled {
  type: 'ShowScheduled';
  data: {
    showId: string;
    name: string;
    venue: string;
    startsAt: string;
    currency: string;
    layout: Layout;
    scheduledAt: string;
  };
}

export type ShowEvent = ShowScheduled;
