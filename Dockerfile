FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY queue_server ./queue_server
COPY display ./display
COPY kiosk ./kiosk
COPY admin ./admin
COPY visitor ./visitor
COPY printers ./printers
RUN pip install --no-cache-dir .
ENV QMS_HOST=0.0.0.0 QMS_PORT=8000
EXPOSE 8000
CMD ["python", "-m", "queue_server"]
