/** A date as both drivers store and compare it: UTC `YYYY-MM-DD HH:MM:SS.sss`. */
export function sqlTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
