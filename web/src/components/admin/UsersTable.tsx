/** The users: their roles per site, whether they are active or locked out, how they sign in. */
import type { Site, User } from '../../contracts.ts';
import { isLocked, lockText } from '../../lib/admin.ts';
import { describeRole } from '../../lib/roles.ts';

export function UsersTable({
  users,
  sites,
  selfId,
  onEdit,
}: {
  users: User[];
  sites: Site[];
  selfId: string | undefined;
  onEdit: (user: User) => void;
}) {
  const names = new Map(sites.map((s) => [s.id, s.name]));
  const now = new Date();
  return (
    <div className="table-scroll">
      <table className="users-table">
        <caption>
          {users.length} {users.length === 1 ? 'user' : 'users'}, {users.filter((u) => u.active).length}{' '}
          active
        </caption>
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Name</th>
            <th scope="col">Roles</th>
            <th scope="col">Active</th>
            <th scope="col">Locked</th>
            <th scope="col">Sign-in</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id} className={u.active ? undefined : 'inactive'}>
              <th scope="row">
                {u.username}
                {u.id === selfId && <span className="muted"> (you)</span>}
              </th>
              <td>{u.displayName}</td>
              <td>
                <ul className="plain">
                  {u.roles.map((r) => (
                    <li key={`${r.role}@${r.siteId ?? '*'}`}>{describeRole(r, names)}</li>
                  ))}
                </ul>
              </td>
              <td>{u.active ? 'Yes' : <span className="error">No (deactivated)</span>}</td>
              <td>{isLocked(u, now) ? <span className="error">{lockText(u, now)}</span> : 'No'}</td>
              <td>
                {[
                  u.mustChangePassword ? 'must change password' : 'password set',
                  u.totpEnabled ? 'TOTP on' : null,
                ]
                  .filter(Boolean)
                  .join('; ')}
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => onEdit(u)}
                  aria-label={`Edit ${u.username}`}
                >
                  Edit
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
