# The module as a user installs it: ./build.ps1 -Task Package makes the .nupkg, PSResourceGet (shipped with pwsh
# 7.6) installs it from a local folder repository, and a fresh pwsh imports FirmwareTools by name. Every child
# process gets a temporary HOME and PSModulePath, so the repository registration and the installed module live
# in the test's temp folder and nothing else on the machine changes.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSupport.psm1') -Force
    $script:folder = New-TestFolder
    $script:tempHome = Join-Path $folder 'home'
    $script:repository = Join-Path $folder 'repository'
    $script:modules = Join-Path $tempHome '.local/share/powershell/Modules'
    $null = New-Item -ItemType Directory -Path $tempHome, $repository, $modules
    $script:manifest = Import-PowerShellDataFile (Join-Path (Get-RepoRoot) 'FirmwareTools.psd1')
    $script:version = ([xml](Get-Content -Raw (Join-Path (Get-RepoRoot) 'Directory.Build.props'))).Project.PropertyGroup.ModuleVersion | Where-Object { $_ } | Select-Object -First 1
    # The child's own module path: the temp user folder and pwsh's built-in modules (PSResourceGet), nothing else.
    $script:isolated = @{
        HOME = $tempHome; XDG_DATA_HOME = (Join-Path $tempHome '.local/share'); XDG_CONFIG_HOME = (Join-Path $tempHome '.config')
        XDG_CACHE_HOME = (Join-Path $tempHome '.cache'); PSModulePath = "$modules$([IO.Path]::PathSeparator)$(Join-Path $PSHOME 'Modules')"
    }
}

AfterAll {
    Remove-TestFolder $script:folder
}

Describe 'Package, install from a local repository, import by name' {
    It './build.ps1 -Task Package makes FirmwareTools.<version>.nupkg' {
        $run = Invoke-ChildPwsh -Command "& ./build.ps1 -Task Package"
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $package = Join-Path (Get-RepoRoot) "out/FirmwareTools.$version.nupkg"
        $package | Should -Exist
        Copy-Item $package $repository
    }

    It 'Install-PSResource installs it from a folder repository into the temporary user scope' {
        $command = "Register-PSResourceRepository -Name FirmwareToolsTest -Uri '$repository' -Trusted; " +
                   "Install-PSResource -Name FirmwareTools -Repository FirmwareToolsTest -Scope CurrentUser -TrustRepository -ErrorAction Stop; " +
                   "(Get-InstalledPSResource -Name FirmwareTools -Scope CurrentUser).Version.ToString()"
        $run = Invoke-ChildPwsh -Environment $isolated -Command $command
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain $version
        Join-Path $modules "FirmwareTools/$version/FirmwareTools.psd1" | Should -Exist
    }

    It 'a fresh pwsh imports FirmwareTools by name from there, with every cmdlet, its formats and its help' {
        $command = "Import-Module FirmwareTools -ErrorAction Stop; `$m = Get-Module FirmwareTools; " +
                   "'base=' + `$m.ModuleBase; 'version=' + `$m.Version; (Get-Command -Module FirmwareTools).Name | Sort-Object | ForEach-Object { 'cmdlet=' + `$_ }; " +
                   "'synopsis=' + (Get-Help Get-DfuDevice).Synopsis"
        $run = Invoke-ChildPwsh -Environment $isolated -Command $command -WorkingDirectory $folder
        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain "base=$(Join-Path $modules "FirmwareTools/$version")"
        $run.Output | Should -Contain "version=$version"
        @($run.Output | Where-Object { $_ -like 'cmdlet=*' } | ForEach-Object { $_.Substring(7) }) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
        ($run.Output | Where-Object { $_ -like 'synopsis=*' }) | Should -Not -Be 'synopsis='
    }

    It 'nothing was registered or installed outside the temporary HOME' {
        $registered = Get-ChildItem -Recurse -File -Force $tempHome | Where-Object Name -EQ 'PSResourceRepository.xml'
        $registered | Should -Not -BeNullOrEmpty
        Get-Content -Raw $registered.FullName | Should -BeLike '*FirmwareToolsTest*'
        $own = Join-Path ([Environment]::GetFolderPath('LocalApplicationData')) 'PSResourceGet/PSResourceRepository.xml'
        if (Test-Path $own) { Get-Content -Raw $own | Should -Not -BeLike '*FirmwareToolsTest*' }
        Get-Module -ListAvailable FirmwareTools | Where-Object ModuleBase -NotLike "$(Get-RepoRoot)*" | Should -BeNullOrEmpty
    }
}
