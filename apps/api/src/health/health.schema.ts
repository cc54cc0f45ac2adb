/** The health answer (api.md "Operations"), 200 and 503 alike; the controller returns a plain object of this shape. */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';

const STATES = ['up', 'down'];

@ApiSchema({ name: 'Health' })
export class HealthSchema {
  @ApiProperty({ type: String, enum: ['ok', 'unavailable'], example: 'ok' })
  status!: 'ok' | 'unavailable';

  @ApiProperty({ type: String, enum: STATES, example: 'up' })
  eventStore!: 'up' | 'down';

  @ApiProperty({ type: String, enum: STATES, example: 'up' })
  readStore!: 'up' | 'down';

  @ApiProperty({ type: Number, description: 'How far the read models trail the event store, in milliseconds.', example: 3 })
  projectionLagMs!: number;
}
