import { bootstrapApplication } from '@angular/platform-browser';
import { Router } from '@angular/router';
import { appConfig } from './app/app.config';
import { App } from './app/app';

// The first page is routed in a task of its own, after the root and its header have rendered
// (the router's initial navigation is disabled in appConfig): Angular's start was one 35-45 ms task
// in Lighthouse's trace, a long task on a phone four times slower; in two it is two short ones
// (docs/performance.md, issue 15).
bootstrapApplication(App, appConfig)
  .then((app) => setTimeout(() => void app.injector.get(Router).initialNavigation(), 0))
  .catch((err: unknown) => console.error(err));
