/** Debian's Chromium through playwright-core, set up for this closed network. */
import { chromium as playwright } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, chromium } from './env';

export async function launchChromium(): Promise<Browser> {
  return playwright.launch({
    executablePath: chromium(),
    headless: process.env.MODELARTS_HEADED !== '1',
    args: CHROMIUM_ARGS,
  });
}
