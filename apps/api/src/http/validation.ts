/** Request validation with class-validator: unknown fields and wrong types are 400 validation_failed, field by field. */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { validationProblem, type FieldError } from './problem';

const flatten = (errors: ValidationError[], prefix = ''): FieldError[] =>
  errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message: sentence(field, message, e) }));
    return [...own, ...flatten(e.children ?? [], field)];
  });

/** class-validator's messages start with the property name; a whitelist violation reads "property x should not exist". */
function sentence(field: string, message: string, e: ValidationError): string {
  if (e.constraints?.whitelistValidation === message) return `${field} is not a known field; remove it.`;
  return message.endsWith('.') ? message : `${message}.`;
}

export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => validationProblem(flatten(errors)),
  });
