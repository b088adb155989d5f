import { createServer } from 'node:http';
import { serve } from './serve';

/*
 * The OpenTelemetry collector of the telemetry benchmark, in a process of its own: takes every
 * OTLP/HTTP export (POST /v1/traces), reads it whole and answers 200, as a collector does, so the
 * gateway under test pays the whole price of exporting (serializing, sending) and none of a
 * collector's work lands in a measured process.
 */
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
await serve(server);
