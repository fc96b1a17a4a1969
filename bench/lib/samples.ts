/** Small non-Word inputs built in code, shared by the load runner and the server tests. */
import { crc32 } from 'node:zlib';

/**
 * Bytes of a tiny ZIP that looks like a .docx but holds no Word document (an empty
 * [Content_Types].xml, no main part): a local file header, one stored entry (with its CRC-32),
 * central directory, end record.
 */
export function tinyZip(): Buffer {
  const name = Buffer.from('[Content_Types].xml');
  const data = Buffer.from('<?xml version="1.0"?><Types/>');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12);
  end.writeUInt32LE(local.length + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}
