/** Request validation with class-validator: unknown fields and wrong types are 400 validation_failed, field by field. */
import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { validationProblem, type FieldError } from './problem';

const flatten = (errors: ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((e) => {
    // As api.md names fields: `sections[0].rows[1].category`.
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message: sentence(field, message, e) }));
    return [...own, ...flatten(e.children ?? [], field)];
  });

/** class-validator's messages start with the property name; a whitelist violation reads "property x should not exist". */
function sentence(field: string, message: string, e: ValidationError): string {
  if (e.constraints?.whitelistValidation === message) return `${field} is not a known field; remove it.`;
  return message.endsWith('.') ? message : `${message}.`;
}

/** Deeper than any body of the contract; a deeper one would overflow class-transformer's recursion (a 500). */
const MAX_BODY_DEPTH = 16;

function deeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length) {
    const [v, depth] = pending.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) pending.push([child, depth + 1]);
  }
  return false;
}

/** Before class-validator: a DTO body must be a JSON object of sane depth, else 400 validation_failed. */
class BodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && this.toValidate(metadata)) {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw validationProblem([{ field: 'body', message: 'The request body must be a JSON object.' }]);
      }
      if (deeperThan(value, MAX_BODY_DEPTH)) {
        throw validationProblem([{ field: 'body', message: `The request body is nested too deeply (at most ${MAX_BODY_DEPTH} levels).` }]);
      }
    }
    return super.transform(value, metadata);
  }
}

export const validationPipe = (): ValidationPipe =>
  new BodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
