	mov (%esi),%eax
	add %edi,%eax
	mov %eax,(%esi)
.Lout:
