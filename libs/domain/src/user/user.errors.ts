import { DomainError } from '../shared/domain-error';

/** A user stream with this (lower-cased) name exists already. */
export class UsernameTaken extends DomainError {
  constructor(readonly username: string, detail = `The username ${username} is taken; choose another`) {
    super('username_taken', detail);
  }
}
