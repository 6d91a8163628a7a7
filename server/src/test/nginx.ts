// nginx from Debian's packages in front of several server processes, started by a test with its
// own configuration (the one docs/deployment.md shows): HTTP and WebSocket upgrade, round robin.
// Built into dist/ (no dev dependency) for the capacity bench (bench/capacity.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const NGINX = '/usr/sbin/nginx';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** nginx's connections per worker (its open files: one each): each proxied socket takes two, the client's and the upstream's. */
export interface NginxOptions {
  workerConnections?: number;
}

/** The http{} block of docs/deployment.md, for upstreams on these ports. */
export function nginxConfig(dir: string, listenPort: number, upstreamPorts: number[], options: NginxOptions = {}): string {
  const root = process.getuid?.() === 0 ? 'user root;\n' : '';
  const connections = options.workerConnections ?? 1024;
  return `${root}daemon off;
worker_processes 1;
${options.workerConnections ? `worker_rlimit_nofile ${connections + 64};\n` : ''}pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${connections}; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  upstream parceldesk {
${upstreamPorts.map((port) => `    server 127.0.0.1:${port} max_fails=0;`).join('\n')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${listenPort};
    client_max_body_size 100m;
    location / {
      proxy_pass http://parceldesk;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Request-Id $request_id;
      proxy_read_timeout 1h;
      proxy_request_buffering off;
      proxy_buffering off;
    }
  }
}
`;
}

/** Starts nginx in the foreground under the test's control; resolves once it accepts connections. */
export async function startNginx(dir: string, listenPort: number, upstreamPorts: number[], options: NginxOptions = {}): Promise<{ child: ChildProcess; stop(): Promise<void> }> {
  if (!fs.existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install -y nginx (.ci/run installs it)`);
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(dir, listenPort, upstreamPorts, options));
  const child = spawn(NGINX, ['-c', conf, '-p', dir, '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += chunk));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${errors}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(listenPort, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) break;
    if (Date.now() > deadline) throw new Error(`nginx did not listen: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGQUIT');
      }),
  };
}
