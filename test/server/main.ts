/**
 * Starts the local ModelArts server from the command line:
 *
 *   node out/test/server/main.js [--port N] [--file F] [--ak AK --sk SK]
 *        [--token T] [--project-id P] [--region R] [--nodes N [--nodes-pool NAME]] [--quiet]
 *
 * and prints the URL, the key pair and the project ID it accepts.
 */
import * as path from 'node:path';
import {
  DEFAULT_ACCESS_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_REGION,
  DEFAULT_SECRET_KEY,
  MAX_SCALE_NODES,
  defaultPoolsFile,
  loadPoolsFile,
  startModelArtsServer,
} from './server';

const USAGE = `Usage: node out/test/server/main.js [options]

Serves GET /v2/{project_id}/pools, GET /v2/{project_id}/pools/{pool_name}/nodes
and GET /v3/projects on 127.0.0.1, signed requests only (SDK-HMAC-SHA256).

Options:
  --port N          port to listen on (default: any free port)
  --file F          ListPools response (JSON) to serve (default: the sample pools)
  --ak AK --sk SK   access key pair to accept (default: a fixed test pair)
  --token T         accept the pair as temporary credentials with this security token
  --project-id P    project ID (default: ${DEFAULT_PROJECT_ID})
  --region R        region, i.e. the IAM project name (default: ${DEFAULT_REGION})
  --nodes N         give one pool N generated nodes, for scale tests (its node counts are set to match)
  --nodes-pool NAME the pool (metadata.name) that gets them (default: the first physical pool)
  --quiet           do not log requests
  --help            show this help`;

interface Args {
  port: number;
  file?: string;
  ak: string;
  sk: string;
  token?: string;
  projectId: string;
  region: string;
  nodes?: number;
  nodesPool?: string;
  quiet: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const args: Args = { port: 0, ak: DEFAULT_ACCESS_KEY, sk: DEFAULT_SECRET_KEY, projectId: DEFAULT_PROJECT_ID, region: DEFAULT_REGION, quiet: false };
  let akGiven = false;
  let skGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') return USAGE;
    if (flag === '--quiet') {
      args.quiet = true;
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value\n\n${USAGE}`;
    i++;
    switch (flag) {
      case '--port': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 65535) return `--port must be a whole number from 0 to 65535, not "${value}"`;
        args.port = n;
        break;
      }
      case '--file':
        args.file = path.resolve(value);
        break;
      case '--ak':
        args.ak = value;
        akGiven = true;
        break;
      case '--sk':
        args.sk = value;
        skGiven = true;
        break;
      case '--token':
        args.token = value;
        break;
      case '--project-id':
        args.projectId = value;
        break;
      case '--region':
        args.region = value;
        break;
      case '--nodes': {
        const n = Number(value);
        if (!/^\d{1,7}$/.test(value) || n > MAX_SCALE_NODES) return `--nodes must be a whole number from 0 to ${MAX_SCALE_NODES}, not "${value}"`;
        args.nodes = n;
        break;
      }
      case '--nodes-pool':
        args.nodesPool = value;
        break;
      default:
        return `Unknown option ${flag}\n\n${USAGE}`;
    }
  }
  if (akGiven !== skGiven) return '--ak and --sk go together';
  if (args.nodesPool !== undefined && args.nodes === undefined) return '--nodes-pool goes with --nodes';
  return args;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    const help = args === USAGE;
    (help ? console.log : console.error)(args);
    process.exit(help ? 0 : 2);
  }
  const file = args.file ?? defaultPoolsFile();
  if (!file) {
    console.error('The sample pools (src/samples/pools.json) were not found; pass --file.');
    process.exit(1);
  }
  let pools: unknown;
  try {
    pools = loadPoolsFile(file);
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  let server: Awaited<ReturnType<typeof startModelArtsServer>>;
  try {
    server = await startModelArtsServer({
      port: args.port,
      pools,
      nodeCount: args.nodes,
      nodesPool: args.nodesPool,
      credentials: [{ accessKey: args.ak, secretKey: args.sk, securityToken: args.token }],
      projectId: args.projectId,
      region: args.region,
      log: args.quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
    });
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const items = (pools as { items?: unknown }).items;
  console.log(`Local ModelArts server listening on ${server.url}`);
  console.log(`  serving     ${path.relative(process.cwd(), file) || file}${Array.isArray(items) ? ` (${items.length} pools)` : ''}`);
  if (server.nodesPool !== undefined) console.log(`  nodes       ${args.nodes} generated nodes in pool ${server.nodesPool}`);
  console.log(`  access key  ${args.ak}`);
  console.log(`  secret key  ${args.sk}`);
  if (args.token) console.log(`  token       ${args.token}`);
  console.log(`  project ID  ${args.projectId} (IAM project "${args.region}")`);
  console.log('');
  console.log('To use it from the extension, set in your user settings (the endpoints are machine-scoped: a workspace cannot set them):');
  console.log(`  "modelarts.region": "${args.region}",`);
  console.log(`  "modelarts.endpoint": "${server.url}",`);
  console.log(`  "modelarts.iamEndpoint": "${server.url}"`);
  console.log('and enter the keys above with "ModelArts: Configure Credentials…", or start VS Code with:');
  console.log(`  HUAWEICLOUD_SDK_AK=${args.ak} HUAWEICLOUD_SDK_SK=${args.sk}${args.token ? ` HUAWEICLOUD_SDK_SECURITY_TOKEN=${args.token}` : ''}`);
  console.log('Press Ctrl+C to stop.');
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
