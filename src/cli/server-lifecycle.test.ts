import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSignetError } from '../core/errors.js';
import { parseListenAddress } from './server-lifecycle.js';

describe('--listen addresses', () => {
  it('reads host and port, IPv6 in brackets, and port 0', () => {
    assert.deepEqual(parseListenAddress('127.0.0.1:5000'), { host: '127.0.0.1', port: 5000 });
    assert.deepEqual(parseListenAddress('[::1]:8443'), { host: '::1', port: 8443 });
    assert.deepEqual(parseListenAddress('0.0.0.0:0'), { host: '0.0.0.0', port: 0 });
  });

  it('rejects a missing port, a port above 65535 and garbage, naming the value', () => {
    for (const value of ['localhost', '127.0.0.1:70000', ':80', 'a:b:c']) {
      assert.throws(
        () => parseListenAddress(value),
        (e) => isSignetError(e) && e.code === 'CLI_USAGE' && e.message.includes(`"${value}"`),
        value,
      );
    }
  });
});
