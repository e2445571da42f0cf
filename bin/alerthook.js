#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript compiled to dist/ (`npm install` builds it).
import { main } from '../dist/lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
