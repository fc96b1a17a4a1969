#!/usr/bin/env node
/**
 * The `doc2text` command (and `catdoc` when linked under that name): see cli/doc2text.ts and
 * cli/catdoc.ts; cli/node.ts is the Node host.
 */
import { main } from './cli/node.js';

main(process.argv);
