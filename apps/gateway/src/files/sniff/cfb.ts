import { type FileHandle, open } from 'node:fs/promises';

/*
 * Word 97-2003 documents (.doc) are Compound File Binary containers, as are .xls, .ppt, .msi
 * and .msg. A Word document is the one whose directory holds a "WordDocument" stream
 * ([MS-DOC] §2.1.1). The directory is a chain of sectors found through the FAT ([MS-CFB] §2).
 */

const END_OF_CHAIN_MIN = 0xfffffffa;
const HEADER_DIFAT_ENTRIES = 109;
const DIR_ENTRY_BYTES = 128;
const STREAM_OBJECT = 2;
/** Directory sectors read at most; a Word document's streams sit in the first few. */
const MAX_DIRECTORY_SECTORS = 64;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/** The names of the stream entries in one directory sector. */
function streamNames(sector: Buffer): string[] {
  const names: string[] = [];
  for (let at = 0; at + DIR_ENTRY_BYTES <= sector.length; at += DIR_ENTRY_BYTES) {
    const nameBytes = sector.readUInt16LE(at + 0x40);
    if (sector[at + 0x42] !== STREAM_OBJECT || nameBytes < 2 || nameBytes > 64) continue;
    names.push(sector.toString('utf16le', at, at + nameBytes - 2));
  }
  return names;
}

/** true when the CFB file at `path` has a "WordDocument" stream. */
export async function isWordDocument(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const header = await readAt(handle, 0, 512);
    if (header.length < 512) return false;
    const shift = header.readUInt16LE(0x1e);
    if (shift !== 9 && shift !== 12) return false;
    const sectorSize = 1 << shift;
    const entriesPerFatSector = sectorSize / 4;
    const offsetOf = (sector: number) => (sector + 1) * sectorSize;

    const nextSector = async (sector: number): Promise<number> => {
      const fatIndex = Math.floor(sector / entriesPerFatSector);
      if (fatIndex >= HEADER_DIFAT_ENTRIES) return END_OF_CHAIN_MIN;
      const fatSector = header.readUInt32LE(0x4c + fatIndex * 4);
      if (fatSector >= END_OF_CHAIN_MIN) return END_OF_CHAIN_MIN;
      const entry = await readAt(handle, offsetOf(fatSector) + (sector % entriesPerFatSector) * 4, 4);
      return entry.length === 4 ? entry.readUInt32LE(0) : END_OF_CHAIN_MIN;
    };

    let sector = header.readUInt32LE(0x30);
    for (let seen = 0; sector < END_OF_CHAIN_MIN && seen < MAX_DIRECTORY_SECTORS; seen++) {
      const names = streamNames(await readAt(handle, offsetOf(sector), sectorSize));
      if (names.includes('WordDocument')) return true;
      sector = await nextSector(sector);
    }
    return false;
  } finally {
    await handle.close();
  }
}
