// What the Order entity's declaration does not cover: its lines, and what this domain adds
// to Customer (their orders).
import { DataMeshError, ErrorCode, PAGE_SIZE, parseId } from '@datamesh/kit'
import type { Context } from '../context.js'
import type { OrderLineRow, OrderRow, OrderStatus } from '../tables/database.js'

export const Order = {
  lines: (order: OrderRow, _: unknown, { loaders }: Context) => loaders.linesByOrder.load(order.id),
}

export const OrderLine = {
  product: (line: OrderLineRow) => ({ __typename: 'Product', id: String(line.product_id) }),
  lineTotal: (line: OrderLineRow) => Math.round(line.quantity * line.unit_price * 100) / 100,
}

export const Customer = {
  // Any customer id is a valid reference here: a customer without orders has an empty list.
  __resolveReference: ({ id }: { id: string }) => ({ id }),
  orders({ id }: { id: string }, args: { first?: number | null; status?: OrderStatus | null }, { loaders }: Context) {
    const first = args.first ?? 20
    if (!Number.isInteger(first) || first < 1 || first > PAGE_SIZE.max) {
      throw new DataMeshError(ErrorCode.BAD_USER_INPUT, `Customer.orders: "first" must be between 1 and ${PAGE_SIZE.max}, got ${first}`, {
        argument: 'first',
        maximum: PAGE_SIZE.max,
      })
    }
    const key = parseId(id)
    return key === null ? [] : loaders.ordersByCustomer({ first, status: args.status ?? null }).load(key)
  },
}
