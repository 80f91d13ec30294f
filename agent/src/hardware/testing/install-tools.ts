import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Writes each tool twin as an executable `#!/usr/bin/env node` script named like the real tool
 * (`gpiomon`, `cec-ctl`, ...) into `binDir`, so a driver that runs `gpiomon` by name off PATH runs it.
 * The script loads the compiled twin (tool-twins/NAME.js) next to this file.
 */
export async function installToolTwins(binDir: string, tools: readonly string[]): Promise<void> {
  await mkdir(binDir, { recursive: true });
  for (const tool of tools) {
    const url = pathToFileURL(new URL(`./tool-twins/${tool}.js`, import.meta.url).pathname).href;
    const bin = join(binDir, tool);
    await writeFile(bin, `#!/usr/bin/env node\nimport(${JSON.stringify(url)});\n`);
    await chmod(bin, 0o755);
  }
}
