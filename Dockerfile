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
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
COPY --from=frontend /app/static/build static/build
RUN DJANGO_DEBUG=true DATABASE_URL=postgresql://build/none REDIS_URL=redis://build:6379/0 \
    python manage.py collectstatic --noinput
RUN useradd --create-home goodwork
USER goodwork
EXPOSE 8000
