/** The projection runner's cache of the documents it wrote last (document-cache.ts). */
import { DocumentCache } from './document-cache';

const write = (id: string, position: string, ...doc: [unknown?]) => ({ collection: 'seats', id, doc: doc.length ? doc[0] : { id }, position });

describe('DocumentCache', () => {
  it('answers a document it was told was written, with its position, per collection', () => {
    const cache = new DocumentCache();
    cache.remember([write('A1', '1'), { ...write('A1', '2'), collection: 'shows' }]);
    expect(cache.get('seats', 'A1')).toEqual({ doc: { id: 'A1' }, lastPosition: '1' });
    expect(cache.get('shows', 'A1')).toEqual({ doc: { id: 'A1' }, lastPosition: '2' });
    expect(cache.get('seats', 'A2')).toBeUndefined();
  });

  it('remembers a delete as a document known to be absent at its position', () => {
    const cache = new DocumentCache();
    cache.remember([write('A1', '3', undefined)]);
    expect(cache.get('seats', 'A1')).toEqual({ doc: undefined, lastPosition: '3' });
  });

  it('beyond its capacity, forgets the documents written longest ago first', () => {
    const cache = new DocumentCache(2);
    cache.remember([write('A1', '1'), write('A2', '2')]);
    cache.remember([write('A1', '3')]); // A1 written again: now the most recent
    cache.remember([write('A3', '4')]);
    expect(cache.get('seats', 'A2')).toBeUndefined();
    expect(cache.get('seats', 'A1')?.lastPosition).toBe('3');
    expect(cache.get('seats', 'A3')?.lastPosition).toBe('4');
    expect(cache.size).toBe(2);
  });

  it('forgets everything when cleared', () => {
    const cache = new DocumentCache();
    cache.remember([write('A1', '1')]);
    cache.clear();
    expect(cache.get('seats', 'A1')).toBeUndefined();
  });
});
