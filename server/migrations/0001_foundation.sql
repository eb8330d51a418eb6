-- Foundation: staff accounts, roles and permissions, sessions.
-- Applied migrations are never edited; later changes go into new numbered files.

CREATE TABLE permissions (
    name        text PRIMARY KEY,
    module      text NOT NULL,
    description text NOT NULL
);

CREATE TABLE roles (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    description text NOT NULL DEFAULT '',
    builtin     boolean NOT NULL DEFAULT false,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX roles_name_key ON roles (lower(name));

CREATE TABLE role_permissions (
    role_id    bigint NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission text NOT NULL REFERENCES permissions (name),
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE users (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             text NOT NULL CHECK (length(username) BETWEEN 1 AND 64),
    display_name         text NOT NULL DEFAULT '',
    email                text NOT NULL DEFAULT '',
    password_hash        text NOT NULL,
    active               boolean NOT NULL DEFAULT true,
    must_change_password boolean NOT NULL DEFAULT false,
    failed_logins        integer NOT NULL DEFAULT 0,
    locked_until         timestamptz,
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now()
);
-- Usernames are unique whatever their case.
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

CREATE TABLE user_roles (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id bigint NOT NULL REFERENCES roles (id),
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_idx ON user_roles (role_id);

-- A session is known only by the SHA-256 of its token: a copy of this table lets nobody in.
CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    address      text NOT NULL DEFAULT '',
    client       text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- The permission catalog and built-in roles of the contract (protocol/permissions.cpp and
-- protocol/roles.cpp hold the same; a test checks that they agree).
INSERT INTO permissions (name, module, description) VALUES
    ('personnel.read',    'personnel', 'View staff accounts'),
    ('personnel.write',   'personnel', 'Create, edit and deactivate staff accounts'),
    ('roles.write',       'personnel', 'Create roles and change which permissions they grant'),
    ('audit.read',        'audit',     'Read the audit trail'),
    ('orders.read',       'orders',    'View orders and customers'),
    ('orders.write',      'orders',    'Move orders through fulfilment, cancel them and add notes'),
    ('orders.refund',     'orders',    'Refund money to customers'),
    ('catalog.read',      'catalog',   'View products and categories'),
    ('catalog.write',     'catalog',   'Edit products, stock and categories'),
    ('catalog.price',     'catalog',   'Change product prices'),
    ('promotions.write',  'catalog',   'Create and change promotions and flash sales'),
    ('finance.read',      'finance',   'View settlements, statements and reconciliation'),
    ('finance.import',    'finance',   'Import settlements and bank statements'),
    ('finance.reconcile', 'finance',   'Match statement lines and resolve exceptions'),
    ('finance.approve',   'finance',   'Sign off reconciled statements'),
    ('support.read',      'support',   'View support tickets and chats'),
    ('support.reply',     'support',   'Reply to customers in tickets and chats'),
    ('support.assign',    'support',   'Assign tickets to agents and manage the queue'),
    ('reports.read',      'reports',   'View analytics reports');

INSERT INTO roles (name, description, builtin) VALUES
    ('admin',           'Full access to everything', true),
    ('support_agent',   'Answers customers and looks up their orders', true),
    ('support_lead',    'Leads the support team: assigns tickets and refunds', true),
    ('finance_clerk',   'Imports statements and reconciles them', true),
    ('finance_manager', 'Signs off reconciliations and refunds', true),
    ('merchandiser',    'Maintains the catalog, prices and promotions', true),
    ('analyst',         'Reads orders, catalog, finance and support for reporting', true);

INSERT INTO role_permissions (role_id, permission)
SELECT r.id, p.name FROM roles r CROSS JOIN permissions p WHERE r.name = 'admin';

INSERT INTO role_permissions (role_id, permission)
SELECT r.id, g.permission
FROM (VALUES
    ('support_agent', 'orders.read'), ('support_agent', 'catalog.read'),
    ('support_agent', 'support.read'), ('support_agent', 'support.reply'),
    ('support_lead', 'orders.read'), ('support_lead', 'catalog.read'),
    ('support_lead', 'support.read'), ('support_lead', 'support.reply'),
    ('support_lead', 'support.assign'), ('support_lead', 'orders.refund'),
    ('support_lead', 'reports.read'),
    ('finance_clerk', 'orders.read'), ('finance_clerk', 'finance.read'),
    ('finance_clerk', 'finance.import'), ('finance_clerk', 'finance.reconcile'),
    ('finance_manager', 'orders.read'), ('finance_manager', 'finance.read'),
    ('finance_manager', 'finance.import'), ('finance_manager', 'finance.reconcile'),
    ('finance_manager', 'finance.approve'), ('finance_manager', 'orders.refund'),
    ('finance_manager', 'reports.read'), ('finance_manager', 'audit.read'),
    ('merchandiser', 'catalog.read'), ('merchandiser', 'catalog.write'),
    ('merchandiser', 'catalog.price'), ('merchandiser', 'promotions.write'),
    ('merchandiser', 'reports.read'),
    ('analyst', 'orders.read'), ('analyst', 'catalog.read'), ('analyst', 'finance.read'),
    ('analyst', 'support.read'), ('analyst', 'reports.read')
) AS g (role, permission)
JOIN roles r ON r.name = g.role;
