/**
 * For calls that take no body (lock, unlock, cancel, logout): no body or `{}` is fine; any field is
 * an unknown field, 400 validation_failed (api.md "General rules"), and nothing is written.
 */
import { Injectable, type PipeTransform } from '@nestjs/common';
import { validationProblem } from './problem';

@Injectable()
export class NoBodyPipe implements PipeTransform {
  transform(value: unknown): unknown {
    if (value === undefined || value === null) return value;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw validationProblem([{ field: 'body', message: 'This call takes no body; send none or {}.' }]);
    }
    const fields = Object.keys(value);
    if (fields.length) throw validationProblem(fields.map((field) => ({ field, message: `${field} is not a known field; remove it.` })));
    return value;
  }
}
