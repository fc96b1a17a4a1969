/**
 * [MS-CFB] 2.5: the DIFAT, which lists the FAT's sectors: 109 entries in the header, then a chain
 * of DIFAT sectors, each holding (sector size / 4 − 1) entries and the number of the next.
 *
 * The header's FAT sector count says how many entries count; entries past it are ignored (some
 * writers leave stale ones). The DIFAT chain is walked as the header declares it — at most its
 * DIFAT sector count, no sector twice — so a looping chain is reported even when the FAT sectors
 * it would add are not needed.
 */
import { corrupt } from './errors.js';
import { HEADER_DIFAT_ENTRIES, HEADER_DIFAT_OFFSET, type Header } from './header.js';
import { u32le as u32 } from '../io/bytes.js';
import { MAXREGSECT, type Sectors } from './sectors.js';

const FAT_SECTOR = 1;
const DIFAT_SECTOR = 2;

/** The FAT's sector numbers, in order. */
export function readDifat(bytes: Uint8Array, header: Header, sectors: Sectors): number[] {
  const want = header.fatSectors;
  if (want === 0) corrupt('its header counts no FAT sectors');
  const fat: number[] = [];
  /** What each sector already is: a FAT sector, a DIFAT sector, or neither (0). */
  const role = new Uint8Array(sectors.count);
  const take = (sector: number) => {
    if (fat.length === want) return; // past the count: ignored
    if (sector > MAXREGSECT) corrupt(`its header counts ${want} FAT sectors, but the DIFAT lists only ${fat.length}`);
    sectors.requireWhole(sector, 'the FAT');
    if (role[sector] === FAT_SECTOR) corrupt(`the DIFAT lists sector ${sector} as a FAT sector twice`);
    if (role[sector] === DIFAT_SECTOR) corrupt(`sector ${sector} is listed both as a FAT sector and as a DIFAT sector`);
    role[sector] = FAT_SECTOR;
    fat.push(sector);
  };
  for (let i = 0; i < HEADER_DIFAT_ENTRIES; i++) take(u32(bytes, HEADER_DIFAT_OFFSET + 4 * i));

  const perSector = sectors.size / 4 - 1;
  let next = header.difatStart;
  for (let walked = 0; walked < header.difatSectors && next <= MAXREGSECT; walked++) {
    sectors.requireWhole(next, 'the DIFAT');
    if (role[next] === DIFAT_SECTOR) corrupt(`the DIFAT chain loops back to sector ${next}`);
    if (role[next] === FAT_SECTOR) corrupt(`sector ${next} is listed both as a FAT sector and as a DIFAT sector`);
    role[next] = DIFAT_SECTOR;
    const at = sectors.offset(next);
    for (let i = 0; i < perSector; i++) take(u32(bytes, at + 4 * i));
    next = u32(bytes, at + 4 * perSector);
  }
  if (fat.length < want) corrupt(`its header counts ${want} FAT sectors, but the DIFAT lists only ${fat.length}`);
  return fat;
}
