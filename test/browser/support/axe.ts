/**
 * axe-core (Deque's accessibility rules) run in the page as a person's browser has it. The script
 * is evaluated over the DevTools protocol rather than added as a <script>, which the app's CSP
 * (script-src 'self') would rightly refuse.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The WCAG 2.x A and AA violations axe finds in `selector` (default: the whole page). */
export async function axeViolations(page: Page, selector = 'body'): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async (selector) => {
    const runner = (window as unknown as { axe: typeof axe }).axe;
    const result = await runner.run(document.querySelector(selector) ?? document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  }, selector);
}
