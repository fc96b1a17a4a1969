/**
 * The OLE compound file ([MS-CFB]) that holds a Word document's streams, read by our own reader
 * (ole/). Word looks its streams up at the root storage, by name, case-insensitively:
 * `openContainer(bytes).stream('WordDocument')`.
 */
export { hasCfbSignature, openCompoundFile as openContainer, type CompoundFile as Container } from './ole/index.js';
