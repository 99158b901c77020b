// Baseline for bench/serve_roundtrip.py: answers every JSON line with a fixed reply at once, over
// stdio or (with --port) TCP, so the benchmark can divide relax serve's round trip by the
// transport's own.
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const REPLY =
  '{"ok":true,"type":"predict","omega":1.5,"id":1,"steps":1,"saved":false,"protocol":1,"learner":"echo","contextual":true,"resumed":false,"stateFile":null}\n';

function serve(input, output) {
  createInterface({ input, crlfDelay: Infinity }).on('line', () => output.write(REPLY));
}

const i = process.argv.indexOf('--port');
if (i < 0) {
  serve(process.stdin, process.stdout);
} else {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    serve(socket, socket);
  });
  server.listen(Number(process.argv[i + 1]), '127.0.0.1', () =>
    process.stderr.write(`listening on 127.0.0.1:${server.address().port}\n`),
  );
}
