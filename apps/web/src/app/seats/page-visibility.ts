// Whether the tab is visible (the Page Visibility API), as a stream that starts with the current value.
import { DOCUMENT } from '@angular/common';
import { Injectable, inject } from '@angular/core';
import { Observable, fromEvent, map, startWith } from 'rxjs';

@Injectable({ providedIn: 'root' })
export class PageVisibility {
  private readonly document = inject(DOCUMENT);

  readonly visible$: Observable<boolean> = fromEvent(this.document, 'visibilitychange').pipe(
    startWith(null),
    map(() => this.document.visibilityState !== 'hidden'),
  );
}
