# PreviewAccess web portal. Build: docker build -t previewaccess .   (or: docker compose up --build)

# ---- build ------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore first, from the build settings and project files only, so the restore layer is reused
# until a dependency changes rather than on every source edit.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/PreviewAccess.Domain/PreviewAccess.Domain.csproj src/PreviewAccess.Domain/
COPY src/PreviewAccess.Data/PreviewAccess.Data.csproj src/PreviewAccess.Data/
COPY src/PreviewAccess.Web/PreviewAccess.Web.csproj src/PreviewAccess.Web/
RUN dotnet restore src/PreviewAccess.Web/PreviewAccess.Web.csproj

COPY src/ src/
RUN dotnet publish src/PreviewAccess.Web/PreviewAccess.Web.csproj \
        --configuration Release --no-restore --output /app/publish -p:UseAppHost=false

# ---- runtime ----------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime

# The aspnet image has neither curl nor wget; curl is added for the container health check.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY --from=build /app/publish ./
# App_Data holds the SQLite file when Database:Provider is left at its default (Sqlite);
# it must be writable by the unprivileged user the app runs as.
RUN mkdir -p /app/App_Data && chown "$APP_UID" /app/App_Data

# The image listens on 8080 (ASPNETCORE_HTTP_PORTS=8080 is set by the base image).
EXPOSE 8080
USER $APP_UID

# The probe's Host is "localhost", which the portal answers whatever AllowedHosts says.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=5 \
    CMD curl --fail --silent --show-error --output /dev/null http://localhost:8080/health/ready || exit 1

ENTRYPOINT ["dotnet", "PreviewAccess.Web.dll"]
