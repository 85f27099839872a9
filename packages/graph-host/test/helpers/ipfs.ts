/** Files added through a host's IPFS API, as graph-cli and any IPFS client add them. */

/** Adds `content` (text as UTF-8) with kubo's `/api/v0/add` (multipart, ndjson answer) at `host.ipfsUrl`; returns its CID. */
export async function addFile(host: { ipfsUrl: string }, content: string | Uint8Array): Promise<string> {
  const form = new FormData();
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'file');
  const response = await fetch(`${host.ipfsUrl}/api/v0/add`, { method: 'POST', body: form });
  if (response.status !== 200) throw new Error(`/api/v0/add answered ${response.status}: ${await response.text()}`);
  return (JSON.parse((await response.text()).trim()) as { Hash: string }).Hash;
}
