import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  caFile: string;
  certFile: string;
  keyFile: string;
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
  /** The name the server certificate carries (and clients must ask for). */
  servername: string;
}

/**
 * A test certificate authority made with openssl in `dir`: a CA and one server certificate for
 * `cloud.test` (and IP 127.0.0.1) signed by it, as a chain's cloud would have.
 */
export async function makeTestCa(dir: string, servername = 'cloud.test'): Promise<TestCa> {
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => run('openssl', args, { cwd: dir });
  await ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=KTV test cloud CA',
  );
  await ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
    '-subj',
    `/CN=${servername}`,
  );
  await writeFile(f('san.ext'), `subjectAltName=DNS:${servername},IP:127.0.0.1\nbasicConstraints=CA:FALSE\n`);
  await ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('server.pem'),
    '-days',
    '2',
    '-extfile',
    f('san.ext'),
  );
  return {
    caFile: f('ca.pem'),
    certFile: f('server.pem'),
    keyFile: f('server.key'),
    ca: await readFile(f('ca.pem')),
    cert: await readFile(f('server.pem')),
    key: await readFile(f('server.key')),
    servername,
  };
}
