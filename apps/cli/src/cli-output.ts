import { Injectable } from '@nestjs/common';

/** What a command tells its user: plain lines on standard output, nothing else there. */
@Injectable()
export class CliOutput {
  line(text: string): void {
    process.stdout.write(`${text}\n`);
  }
}
