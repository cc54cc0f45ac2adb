/** Traffic for tests that need a history or a load: users locking and unlocking seats over HTTP. */
import type { Client } from './client';
import { lock, unlock } from './seats';

/**
 * Each client locks and unlocks its own seats `rounds` times, all clients at once; throws on any
 * refusal (the seats are the client's alone). Two events per round and seat.
 */
export async function churn(work: { client: Client; seatIds: string[] }[], eventId: string, rounds: number): Promise<void> {
  await Promise.all(
    work.map(async ({ client, seatIds }) => {
      for (let round = 0; round < rounds; round++) {
        for (const seatId of seatIds) {
          const locked = await lock(client, eventId, seatId);
          if (locked.status !== 200) throw new Error(`lock ${seatId}: ${locked.status} ${locked.text}`);
          const unlocked = await unlock(client, eventId, seatId);
          if (unlocked.status !== 200) throw new Error(`unlock ${seatId}: ${unlocked.status} ${unlocked.text}`);
        }
      }
    }),
  );
}
