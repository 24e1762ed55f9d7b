/**
 * Administration (admin role): the audit trail's verification first, then users — their roles per
 * site, active, locked — with forms to create, change, unlock and reset them, then the sites'
 * recruiting status. Every change asks for a reason, which the server keeps in the audit trail; the
 * checks live in web/src/lib/admin.ts and roles.ts.
 */
import { useRef, useState } from 'react';
import { AuditTrailPanel } from '../components/admin/AuditTrailPanel.tsx';
import { Notice } from '../components/admin/form-messages.tsx';
import { NewUserForm } from '../components/admin/NewUserForm.tsx';
import { SiteRecruitingStatus } from '../components/admin/SiteRecruitingStatus.tsx';
import { UserEditor } from '../components/admin/UserEditor.tsx';
import { UsersTable } from '../components/admin/UsersTable.tsx';
import { useGet } from '../components/admin/use-get.ts';
import type { Site, User } from '../contracts.ts';
import { useSession } from '../session.tsx';

export default function Admin() {
  const { session } = useSession();
  const [users, reloadUsers] = useGet<User[]>('/api/users');
  const [sites, reloadSites] = useGet<Site[]>('/api/sites');
  const [editingId, setEditingId] = useState<string | null>(null);
  // A confirmation shows in the section where the change was made, where the admin is looking.
  const [notice, setNotice] = useState<{ where: 'users' | 'new-user' | 'sites'; text: string } | null>(null);
  const noticeIn = (where: 'users' | 'new-user' | 'sites') => (notice?.where === where ? notice.text : null);
  const usersHeading = useRef<HTMLHeadingElement>(null);
  // Each change writes audit events: the audit panel verifies again (its count stays current).
  const [changes, setChanges] = useState(0);
  const changed = () => setChanges((n) => n + 1);

  const siteList = sites.state === 'ready' ? sites.data : [];
  const editing = users.state === 'ready' ? users.data.find((u) => u.id === editingId) : undefined;

  const closeEditor = () => {
    setEditingId(null);
    usersHeading.current?.focus();
  };

  return (
    <div className="admin">
      <h1>Administration</h1>
      <AuditTrailPanel round={changes} />

      <section id="users" aria-labelledby="users-heading">
        <h2 id="users-heading" ref={usersHeading} tabIndex={-1}>
          Users
        </h2>
        <Notice message={noticeIn('users')} />
        {users.state === 'loading' && <p role="status">Loading users…</p>}
        {users.state === 'error' && (
          <p role="alert" className="error">
            Could not load the users: {users.message}
          </p>
        )}
        {users.state === 'ready' && (
          <UsersTable
            users={users.data}
            sites={siteList}
            selfId={session?.userId}
            onEdit={(u) => {
              setNotice(null);
              setEditingId(u.id);
            }}
          />
        )}
        {editing && (
          <UserEditor
            key={editing.id}
            user={editing}
            sites={siteList}
            self={editing.id === session?.userId}
            onSaved={(message) => {
              setNotice({ where: 'users', text: message });
              reloadUsers();
              changed();
              closeEditor();
            }}
            onClose={closeEditor}
            onConflict={reloadUsers}
          />
        )}
      </section>

      <section id="new-user" aria-labelledby="new-user-heading">
        <h2 id="new-user-heading">Create a user</h2>
        <Notice message={noticeIn('new-user')} />
        <NewUserForm
          sites={siteList}
          onCreated={(message) => {
            setNotice({ where: 'new-user', text: message });
            reloadUsers();
            changed();
          }}
        />
      </section>

      <section id="site-status" aria-labelledby="site-status-heading">
        <h2 id="site-status-heading">Sites</h2>
        {sites.state === 'loading' && <p role="status">Loading sites…</p>}
        {sites.state === 'error' && (
          <p role="alert" className="error">
            Could not load the sites: {sites.message}
          </p>
        )}
        {sites.state === 'ready' && (
          <SiteRecruitingStatus
            sites={sites.data}
            notice={noticeIn('sites')}
            onSaved={(message) => {
              setNotice({ where: 'sites', text: message });
              reloadSites();
              changed();
            }}
            onConflict={reloadSites}
          />
        )}
      </section>
    </div>
  );
}
