// Preloaded by the npm scripts that run a server (`npm start`, `npm run engine|worker|mcp`): once the
// process that started Node is gone (npm killed with SIGKILL, which it cannot forward), Node sends
// itself SIGTERM, so the entry point's own graceful shutdown runs and the ports are freed. The
// scripts `exec` Node, so npm's parent is Node's parent and a SIGTERM to npm is forwarded to Node.
'use strict';
const { clearInterval, setInterval } = require('node:timers');

const POLL_MS = 1000;
const parent = process.ppid;

// A parent gone means Node is re-parented (to init or a subreaper), so its parent id changes.
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.kill(process.pid, 'SIGTERM');
}, POLL_MS);
// The watch never keeps a process alive that would otherwise end (the MCP server's stdio mode).
timer.unref();
