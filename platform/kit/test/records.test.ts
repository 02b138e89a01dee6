import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readRecords, type SourceRecord } from '../src/index.js'

const folder = mkdtempSync(join(tmpdir(), 'datamesh-records-'))
function file(name: string, text: string): string {
  const path = join(folder, name)
  writeFileSync(path, text)
  return path
}
async function all(path: string): Promise<SourceRecord[]> {
  const records: SourceRecord[] = []
  for await (const record of readRecords(path)) records.push(record)
  return records
}

describe('data files read as records', () => {
  it('reads CSV by its header, empty cells as null, quoted newlines kept, with the line each record starts on', async () => {
    const records = await all(file('payments.csv', '\uFEFFid,payer_email,note\n1,a@example.com,\n2,b@example.com,"two\nlines"\n3,c@example.com,x\n'))
    expect(records).toEqual([
      { line: 2, values: { id: '1', payer_email: 'a@example.com', note: null } },
      { line: 3, values: { id: '2', payer_email: 'b@example.com', note: 'two\nlines' } },
      { line: 5, values: { id: '3', payer_email: 'c@example.com', note: 'x' } },
    ])
  })

  it('reads JSON Lines with typed values, skipping blank lines', async () => {
    expect(await all(file('visits.jsonl', '{"id":1,"at":"2026-01-01T00:00:00Z"}\n\n{"id":2,"paid":true}\n'))).toEqual([
      { line: 1, values: { id: 1, at: '2026-01-01T00:00:00Z' } },
      { line: 3, values: { id: 2, paid: true } },
    ])
  })

  it('names the file, line and column of what is wrong', async () => {
    await expect(all(file('noheader.csv', '1,a@example.com\n2,b@example.com\n'))).rejects.toThrow('noheader.csv:1:column 1: "1" is not a column name')
    await expect(all(file('twice.csv', 'id,id\n1,2\n'))).rejects.toThrow('twice.csv:1:id: the header names "id" twice')
    await expect(all(file('ragged.csv', 'id,name\n1,a\n2,b,c\n'))).rejects.toThrow(/^ragged\.csv:3: Invalid Record Length/)
    await expect(all(file('empty.csv', ''))).rejects.toThrow('empty.csv: the file is empty')
    await expect(all(file('header-only.csv', 'id,name\n'))).rejects.toThrow('header-only.csv: the file has a header but no rows')
    await expect(all(file('bad.jsonl', '{"id":1}\n{"id":\n'))).rejects.toThrow(/^bad\.jsonl:2: not JSON/)
    await expect(all(file('array.jsonl', '[1,2]\n'))).rejects.toThrow('array.jsonl:1: a line must hold one JSON object, not an array')
    await expect(all(file('data.xlsx', 'x'))).rejects.toThrow('data.xlsx: unknown file type ".xlsx"')
    await expect(all(join(folder, 'missing.csv'))).rejects.toThrow('missing.csv: no such file')
  })

  it('reads a sample without reading the rest of the file', async () => {
    const path = file('big.csv', `id\n${Array.from({ length: 50_000 }, (_, i) => i + 1).join('\n')}\n`)
    const seen: number[] = []
    let bytes = 0
    for await (const record of readRecords(path, { onProgress: (read) => (bytes = read) })) {
      seen.push(Number(record.values.id))
      if (seen.length === 10) break
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(bytes).toBeLessThan(300_000)
  })
})
