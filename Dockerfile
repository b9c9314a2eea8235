FROM node:20-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm install --no-save sass@$(node -p "require('./package.json').devDependencies.sass")
COPY scripts/build-frontend.mjs scripts/
COPY static/scss static/scss
RUN node scripts/build-frontend.mjs

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Production dependencies only: the test, lint and local-server packages are in dev.lock.
COPY requirements/prod.lock requirements/
RUN pip install --no-cache-dir -r requirements/prod.lock
COPY . .
COPY --from=frontend /app/static/build static/build
# Collected under production settings, so the image carries the hashed, compressed files and
# the manifest that production serves. The key, hosts and service URLs exist for this one
# command (collectstatic connects to neither service); the running container gets its own.
RUN DJANGO_DEBUG=false \
    DJANGO_SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=postgresql://build/none REDIS_URL=redis://build:6379/0 \
    python manage.py collectstatic --noinput
RUN useradd --create-home goodwork
USER goodwork
EXPOSE 8000
