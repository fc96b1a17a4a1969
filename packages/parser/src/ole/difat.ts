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
  const roles = new Roles(sectors.count);
  const fat = roles.fat;
  const take = (sector: number) => {
    if (sector > MAXREGSECT) corrupt(`its header counts ${want} FAT sectors, but the DIFAT lists only ${fat.length}`);
    sectors.requireWhole(sector, 'the FAT');
    const role = roles.of(sector);
    if (role === FAT_SECTOR) corrupt(`the DIFAT lists sector ${sector} as a FAT sector twice`);
    if (role === DIFAT_SECTOR) corrupt(`sector ${sector} is listed both as a FAT sector and as a DIFAT sector`);
    roles.add(sector, FAT_SECTOR);
  };
  // Entries past the count are ignored.
  for (let i = 0; i < HEADER_DIFAT_ENTRIES && fat.length < want; i++) take(u32(bytes, HEADER_DIFAT_OFFSET + 4 * i));

  const perSector = sectors.size / 4 - 1;
  let next = header.difatStart;
  for (let walked = 0; walked < header.difatSectors && next <= MAXREGSECT; walked++) {
    sectors.requireWhole(next, 'the DIFAT');
    const role = roles.of(next);
    if (role === DIFAT_SECTOR) corrupt(`the DIFAT chain loops back to sector ${next}`);
    if (role === FAT_SECTOR) corrupt(`sector ${next} is listed both as a FAT sector and as a DIFAT sector`);
    roles.add(next, DIFAT_SECTOR);
    const at = sectors.offset(next);
    for (let i = 0; i < perSector && fat.length < want; i++) take(u32(bytes, at + 4 * i));
    next = u32(bytes, at + 4 * perSector);
  }
  if (fat.length < want) corrupt(`its header counts ${want} FAT sectors, but the DIFAT lists only ${fat.length}`);
  return fat;
}

/** Past this many FAT and DIFAT sectors, roles are marked in an array over the file's sectors. */
const LISTED = 32;

/**
 * What each sector already is: a FAT sector, a DIFAT sector, or neither (0). Looked up in the two
 * lists while they are short (nearly every file: a few FAT sectors and no DIFAT sector), then in
 * marks over the file's sectors.
 */
class Roles {
  readonly fat: number[] = [];
  private readonly difat: number[] = [];
  private marks: Uint8Array | null = null;

  constructor(private readonly count: number) {}

  of(sector: number): number {
    if (this.marks !== null) return this.marks[sector]!;
    return this.fat.includes(sector) ? FAT_SECTOR : this.difat.includes(sector) ? DIFAT_SECTOR : 0;
  }

  add(sector: number, role: typeof FAT_SECTOR | typeof DIFAT_SECTOR): void {
    (role === FAT_SECTOR ? this.fat : this.difat).push(sector);
    if (this.marks !== null) this.marks[sector] = role;
    else if (this.fat.length + this.difat.length > LISTED) {
      this.marks = new Uint8Array(this.count);
      for (const s of this.fat) this.marks[s] = FAT_SECTOR;
      for (const s of this.difat) this.marks[s] = DIFAT_SECTOR;
    }
  }
}
