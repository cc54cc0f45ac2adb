import { DomainError } from '../shared/domain-error';

/** A user stream with this (lower-cased) name exists already. */
export class UsernameTaken extends DomainError {
  constructor(readonly username: string, detail = `The username ${username} is taken; choose another`) {
    super('username_taken', detail);
  }
}

export class UserNotFound extends DomainError {
  constructor(readonly userId: string, detail = 'There is no user with this id.') {
    super('not_found', detail);
  }
}

/** An admin disabling themselves or dropping their own admin role. */
export class ForbiddenSelfChange extends DomainError {
  constructor(detail: string) {
    super('forbidden_self_change', detail);
  }
}
