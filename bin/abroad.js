#!/usr/bin/env node
// Runs the TypeScript sources directly: tsx compiles each module on load, so a fresh
// checkout needs no build step before `npm start` or `npx abroad`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
