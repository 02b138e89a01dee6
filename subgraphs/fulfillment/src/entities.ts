// The fulfillment tables published as entities: shipments and warehouses with their
// connections and lookups, stock levels as a connection; each with the filters the schema
// declares. A shipment this request may not see (row rules) resolves to null.
import { tableFilters, type TableEntity } from '@datamesh/kit'

const { atLeast, before, equals, oneOf } = tableFilters

export const entities: readonly TableEntity[] = [
  {
    type: 'Shipment',
    table: 'shipments',
    lookup: 'shipment',
    connection: {
      field: 'shipments',
      filters: {
        status: oneOf('status'),
        carrier: equals('carrier'),
        orderId: equals('order_id', { id: true }),
        warehouseId: equals('warehouse_id', { id: true }),
        shippedAfter: atLeast('shipped_at'),
        shippedBefore: before('shipped_at'),
      },
      ranges: [['shippedAfter', 'shippedBefore']],
    },
    references: { order: { type: 'Order', column: 'order_id' } },
  },
  { type: 'Warehouse', table: 'warehouses', lookup: 'warehouse', connection: { field: 'warehouses' } },
  {
    type: 'StockLevel',
    table: 'stock_levels',
    connection: {
      field: 'stockLevels',
      filters: {
        productId: equals('product_id', { id: true }),
        warehouseId: equals('warehouse_id', { id: true }),
        belowReorderPoint: (query, below) =>
          query.where((eb) => (below ? eb('quantity', '<=', eb.ref('reorder_point')) : eb('quantity', '>', eb.ref('reorder_point')))),
      },
    },
    references: { product: { type: 'Product', column: 'product_id' } },
  },
]
