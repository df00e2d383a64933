// Resources: documents by id from the artifact store (raw, and as extracted text) and the
// verification policy. Documents are not listable: ids are capabilities, and enumerating a store of
// other people's documents is exactly what an MCP client must not be able to do.
import { McpError, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ArtifactStoreError, formatBytes, isBlobId, type BlobInfo } from '../artifact-store';
import { DocumentError } from '../documents';
import { documentText } from './text-source';
import { isToolAllowed, type ToolAllowlist } from './tool-names';
import type { ToolDeps } from './tools/tool-deps';

/** JSON-RPC code the MCP specification gives "resource not found". */
const RESOURCE_NOT_FOUND = -32002;
export const POLICY_URI = 'policy://verification';

export function registerResources(server: McpServer, deps: ToolDeps, allowed: ToolAllowlist): void {
  registerPolicyResource(server, deps);
  // Reading a document resource reveals its content, exactly like extract_text; a principal not
  // allowed that tool must not get the same content through the back door.
  if (isToolAllowed(allowed, 'extract_text')) registerDocumentResources(server, deps);
}

function registerDocumentResources(server: McpServer, deps: ToolDeps): void {
  const load = async (documentId: unknown): Promise<{ info: BlobInfo; bytes: Uint8Array }> => {
    const id = String(documentId);
    if (!isBlobId(id)) throw new McpError(ErrorCode.InvalidParams, 'a document id is 32 lower-case hexadecimal characters');
    try {
      const blob = await deps.store.get(id);
      if (blob.info.size > deps.limits.maxInlineBytes) {
        throw new McpError(ErrorCode.InvalidParams, `document ${id} is ${formatBytes(blob.info.size)}, above the ${formatBytes(deps.limits.maxInlineBytes)} resource limit`);
      }
      return blob;
    } catch (error) {
      if (error instanceof ArtifactStoreError && error.code === 'not-found') throw new McpError(RESOURCE_NOT_FOUND, `Resource not found: document ${id}`);
      throw error;
    }
  };

  // Registered before the raw template so ".../text" is never mistaken for an id.
  server.registerResource(
    'document-text',
    new ResourceTemplate('document://{documentId}/text', { list: undefined }),
    {
      title: 'Document text',
      description: 'The extracted text of a document in the artifact store (PDF, plain text or JSON).',
      mimeType: 'text/plain',
    },
    async (uri, variables) => {
      const { info, bytes } = await load(variables.documentId);
      const signal = AbortSignal.timeout(deps.limits.toolTimeoutMs);
      try {
        const extracted = await documentText({ bytes, mediaType: info.mediaType, source: 'artifact-store' }, { pdf: deps.pdf, cache: deps.textCache, signal });
        return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: extracted.text }] };
      } catch (error) {
        if (error instanceof DocumentError) throw new McpError(ErrorCode.InvalidParams, `document ${info.blobId}: ${error.message}`);
        throw error;
      }
    },
  );

  server.registerResource(
    'document',
    new ResourceTemplate('document://{documentId}', { list: undefined }),
    {
      title: 'Document',
      description: 'A document in the artifact store by id, as stored (text for text types, base64 blob otherwise).',
    },
    async (uri, variables) => {
      const { info, bytes } = await load(variables.documentId);
      const textual = /^text\/|[/+]json\b/.test(info.mediaType);
      return {
        contents: [
          textual
            ? { uri: uri.href, mimeType: info.mediaType, text: Buffer.from(bytes).toString('utf8') }
            : { uri: uri.href, mimeType: info.mediaType, blob: Buffer.from(bytes).toString('base64') },
        ],
      };
    },
  );
}

function registerPolicyResource(server: McpServer, deps: ToolDeps): void {
  server.registerResource(
    'verification-policy',
    POLICY_URI,
    {
      title: 'Verification policy',
      description:
        'Required fields per document type, classification and amount thresholds, risk weights, and the approval ' +
        'policy: the risk threshold, the finding codes that always need a person, and the allowed decisions.',
      mimeType: 'application/json',
    },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(deps.policy, null, 2) }] }),
  );
}
