/** A console that records what a command printed, for in-process CLI tests. */
import type { Console } from '../cli/output.js';

export interface CapturedConsole extends Console {
  stdout: string;
  stderr: string;
}

export function captureConsole(): CapturedConsole {
  const sink: CapturedConsole = {
    stdout: '',
    stderr: '',
    out(text: string) {
      sink.stdout += text.endsWith('\n') ? text : `${text}\n`;
    },
    err(text: string) {
      sink.stderr += text.endsWith('\n') ? text : `${text}\n`;
    },
  };
  return sink;
}
