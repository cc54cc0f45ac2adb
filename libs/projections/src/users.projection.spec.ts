/** Users as admins list them, after a history of registrations. */
import type { DomainEvent, UserRegistered } from '@tessera/domain';
import { iso, lockedBy } from '@tessera/domain/testing/seat.fixtures';
import type { ProjectedEvent } from './projection';
import { type UserDoc, usersProjection } from './users.projection';

const HASH = 'scrypt$N=16384$r=8$p=1$c2FsdA$aGFzaA';
const registered = (userId: string, username: string, roles: UserRegistered['data']['roles'] = ['user']): UserRegistered => ({
  type: 'UserRegistered',
  data: { userId, username, passwordHash: HASH, roles, registeredAt: iso(0) },
});

/** Folds the events as the runner does: each event applied to every document it names. */
function project(events: readonly DomainEvent[]): Map<string, UserDoc> {
  const docs = new Map<string, UserDoc>();
  for (const event of events) {
    const projected: ProjectedEvent = { ...event, recordedAt: iso(0) };
    for (const key of usersProjection.keys(projected)) {
      const next = usersProjection.apply(docs.get(key), projected, key);
      if (next === undefined) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
}

describe('users projection', () => {
  it('lists each registered user with their name, roles and registration time', () => {
    const docs = project([registered('u-alice', 'alice'), registered('u-root', 'Root', ['admin', 'auditor'])]);
    expect(docs.get('u-alice')).toEqual({ id: 'u-alice', username: 'alice', roles: ['user'], disabled: false, createdAt: iso(0) });
    expect(docs.get('u-root')).toEqual({ id: 'u-root', username: 'Root', roles: ['admin', 'auditor'], disabled: false, createdAt: iso(0) });
  });

  it('follows the box office: new roles, disabled, enabled again; a new password changes nothing listed', () => {
    const changes: DomainEvent[] = [
      registered('u-alice', 'alice'),
      { type: 'UserRolesChanged', data: { userId: 'u-alice', roles: ['user', 'auditor'], changedAt: iso(10) } },
      { type: 'UserDisabled', data: { userId: 'u-alice', disabledAt: iso(20) } },
    ];
    expect(project(changes).get('u-alice')).toMatchObject({ roles: ['user', 'auditor'], disabled: true });
    const enabled = project([...changes, { type: 'UserEnabled', data: { userId: 'u-alice', enabledAt: iso(30) } }]).get('u-alice');
    expect(enabled).toMatchObject({ roles: ['user', 'auditor'], disabled: false });
    const newPassword: DomainEvent = { type: 'UserPasswordChanged', data: { userId: 'u-alice', passwordHash: 'scrypt$other', changedAt: iso(40) } };
    expect(usersProjection.keys({ ...newPassword, recordedAt: iso(40) })).toEqual([]);
  });

  it('never keeps the password hash', () => {
    const doc = project([registered('u-alice', 'alice')]).get('u-alice');
    expect(doc).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(doc)).not.toContain(HASH);
  });

  it('ignores events that are not registrations', () => {
    expect(usersProjection.keys({ ...lockedBy({ userId: 'u-alice', username: 'alice' }), recordedAt: iso(0) })).toEqual([]);
    expect(project([lockedBy({ userId: 'u-alice', username: 'alice' })]).size).toBe(0);
  });
});
