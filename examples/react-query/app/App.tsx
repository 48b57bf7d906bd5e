// The shop: products (`max-age`), the user's orders (`no-cache` + ETag), a POST that adds an
// order, the offline banner, the Cache-Status of each resource, and logout.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { lastResponses, subscribeToResponses } from './last-responses.ts';
import { getJson, logout, type Order, placeOrder } from './queries.ts';
import { session, subscribeToSession } from './session.ts';

export function App() {
  const userId = useSyncExternalStore(subscribeToSession, () => session.userId);
  return (
    <main className="app">
      <header className="topbar">
        <strong>Example shop</strong>
        {userId === undefined ? (
          <button type="button" data-testid="sign-in" onClick={() => (session.userId = 'ada')}>
            Sign in as Ada
          </button>
        ) : (
          <SignedInActions userId={userId} />
        )}
      </header>
      {userId === undefined ? <p data-testid="signed-out">Signed out.</p> : <Shop />}
    </main>
  );
}

function SignedInActions({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  return (
    <span className="actions">
      <span data-testid="user">{userId}</span>
      <button type="button" data-testid="refresh" onClick={() => queryClient.invalidateQueries()}>
        Refresh
      </button>
      <button type="button" data-testid="logout" onClick={() => void logout()}>
        Log out
      </button>
    </span>
  );
}

function Shop() {
  const responses = useSyncExternalStore(subscribeToResponses, lastResponses);
  const standIns = responses.filter((response) => response.standIn);
  return (
    <>
      {standIns.length > 0 && (
        <p className="banner" role="status" data-testid="offline-banner">
          Offline: showing the last known data for {standIns.map((r) => r.url).join(', ')}.
        </p>
      )}
      <div className="columns">
        <Products />
        <Orders />
      </div>
      <table className="responses">
        <caption>Each resource's last response, as the cache describes it</caption>
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Cache-Status</th>
          </tr>
        </thead>
        <tbody>
          {responses.map((response) => (
            <tr key={response.url} data-testid="response" data-url={response.url}>
              <td>{response.url}</td>
              <td data-testid="cache-status">{response.cacheStatus}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Products() {
  const queryClient = useQueryClient();
  const products = useQuery({
    queryKey: ['products'],
    queryFn: ({ signal }) => getJson<string[]>('/api/products', signal),
  });
  const order = useMutation({
    mutationFn: placeOrder,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['orders'] }),
  });
  return (
    <section aria-labelledby="products-title">
      <h2 id="products-title">Products</h2>
      {products.error && <p role="alert">{products.error.message}</p>}
      <ul>
        {products.data?.map((product) => (
          <li key={product} data-testid="product">
            {product}{' '}
            <button
              type="button"
              aria-label={`Order ${product}`}
              onClick={() => order.mutate(product)}
            >
              Order
            </button>
          </li>
        ))}
      </ul>
      {order.error && <p role="alert">{order.error.message}</p>}
    </section>
  );
}

function Orders() {
  const orders = useQuery({
    queryKey: ['orders'],
    queryFn: ({ signal }) => getJson<Order[]>('/api/orders', signal),
  });
  return (
    <section aria-labelledby="orders-title">
      <h2 id="orders-title">Your orders</h2>
      {orders.error && <p role="alert">{orders.error.message}</p>}
      <ol>
        {orders.data?.map((order) => (
          <li key={order.id} data-testid="order">
            {order.product}
          </li>
        ))}
      </ol>
    </section>
  );
}
