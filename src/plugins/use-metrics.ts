// GET /metrics in Prometheus' text format, when METRICS_ENABLED=true: requests served, SQL
// statements sent and the process's memory (resident, V8's heap, and memory outside it: buffers, WebAssembly). The benchmark reads it to report statements per request.
import { Response } from '../http/response.js';
import type { Plugin } from 'graphql-yoga';
import { onSqlStatement } from '../db.js';

export function useMetrics(): Plugin {
  let requests = 0;
  let statements = 0;
  onSqlStatement(() => {
    statements += 1;
  });
  return {
    onRequest({ url, endResponse }) {
      if (url.pathname !== '/metrics') {
        requests += 1;
        return;
      }
      const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
      const lines = [
        '# TYPE commerce_graph_requests_total counter',
        `commerce_graph_requests_total ${requests}`,
        '# TYPE commerce_graph_sql_statements_total counter',
        `commerce_graph_sql_statements_total ${statements}`,
        '# TYPE process_resident_memory_bytes gauge',
        `process_resident_memory_bytes ${rss}`,
        '# TYPE nodejs_heap_used_bytes gauge',
        `nodejs_heap_used_bytes ${heapUsed}`,
        '# TYPE nodejs_heap_total_bytes gauge',
        `nodejs_heap_total_bytes ${heapTotal}`,
        '# TYPE nodejs_external_memory_bytes gauge',
        `nodejs_external_memory_bytes ${external}`,
      ];
      endResponse(new Response(`${lines.join('\n')}\n`, { headers: { 'content-type': 'text/plain; version=0.0.4' } }));
    },
  };
}
