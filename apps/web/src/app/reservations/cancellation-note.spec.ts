import { cancellationNote } from './cancellation-note';

describe('who cancelled a reservation, in the customer\'s words', () => {
  it('names the box office and its reason', () => {
    expect(cancellationNote({ status: 'cancelled', cancelledBy: 'admin', reason: 'Double booking' })).toBe('Cancelled by the box office: Double booking');
  });

  it('names the organiser and its reason when the event was cancelled', () => {
    expect(cancellationNote({ status: 'cancelled', cancelledBy: 'organiser', reason: 'The artist is ill' })).toBe('Cancelled by the organiser: The artist is ill');
  });

  it('still says who when no reason came', () => {
    expect(cancellationNote({ status: 'cancelled', cancelledBy: 'admin', reason: '  ' })).toBe('Cancelled by the box office.');
  });

  it('adds nothing to the owner\'s own cancellation, one from before the box office, or a confirmed reservation', () => {
    expect(cancellationNote({ status: 'cancelled', cancelledBy: 'owner' })).toBeNull();
    expect(cancellationNote({ status: 'cancelled' })).toBeNull();
    expect(cancellationNote({ status: 'confirmed', cancelledBy: 'admin', reason: 'x' })).toBeNull();
  });
});
