export { type Csrf } from './csrf';
/** DI token of the app's Csrf instance (created in http-setup with the config). */
export const CSRF = Symbol('Csrf');
