/** The compound-file reader ([MS-CFB]): one module per structure, opened by `openCompoundFile`. */
export { openCompoundFile, type CompoundFile } from './compound-file.js';
export { upperName, type DirectoryEntry, type EntryKind } from './directory.js';
export { CFB_SIGNATURE, hasCfbSignature } from './header.js';
export { copyPartsRange, joinParts, partAt, partsView, type StreamPart } from './stream.js';
