// Debian's Chromium, headless, as every browser tool here launches it (playwright-core cannot
// download its own browsers on this machine). `webgl` adds SwiftShader's software WebGL2 and lets
// sound play without a gesture, for the web hall.
import { chromium } from 'playwright-core';

const BASE = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const WEBGL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--autoplay-policy=no-user-gesture-required'];

export function launch({ webgl = false } = {}) {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: webgl ? [...BASE, ...WEBGL] : BASE });
}
